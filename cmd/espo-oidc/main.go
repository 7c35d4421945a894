// Command espo-oidc checks EspoCRM's OpenID Connect settings, the Entra app
// registration and the identity provider, and explains failed logins.
package main

import "os"

func main() {
	os.Exit(execute(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
