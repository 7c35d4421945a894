// Command libfloor is the second floor of scripts/bench.sh: hello world
// linking what espo-oidc links and the project keeps (cobra,
// validator, tablewriter, go-oidc with x/oauth2, the two database drivers,
// YAML, net/http, html/template). The packages' own init and the larger
// binary are what any program built on them pays before main; the ratio
// against it is what espo-oidc itself adds.
package main

import (
	"fmt"

	_ "github.com/coreos/go-oidc/v3/oidc"
	_ "github.com/go-playground/validator/v10"
	_ "github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/pgconn"
	_ "github.com/olekukonko/tablewriter"
	_ "github.com/spf13/cobra"
	_ "golang.org/x/oauth2"
	_ "gopkg.in/yaml.v3"
	_ "html/template"
	_ "net/http"
)

func main() { fmt.Println("hello, world") }
