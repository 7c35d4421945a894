package espo

import (
	"fmt"
	"strings"
	"time"

	"github.com/go-playground/validator/v10"
)

// What EspoCRM itself accepts, declared once: the settings validation
// (validator tags espo_method, espo_algorithm, espo_prompt), the rules and
// the probe all read these values.

// AuthMethods are the values of authenticationMethod EspoCRM has a login
// class for. EspoCRM compares them case-sensitively.
var AuthMethods = []string{"Espo", "LDAP", "Oidc"}

// SignatureAlgorithms are the JWT algorithms EspoCRM can verify (RSA PKCS#1
// and HMAC), the values oidcJwtSignatureAlgorithmList may hold; compared
// case-sensitively.
var SignatureAlgorithms = []string{"RS256", "RS384", "RS512", "HS256", "HS384", "HS512"}

// AuthorizationPrompts are the values of oidcAuthorizationPrompt EspoCRM
// offers (and sends as prompt=).
var AuthorizationPrompts = []string{"none", "consent", "login", "select_account"}

// JWTLeeway is EspoCRM's leeway for an ID token's exp and nbf
// (Espo\Core\Utils\Auth\Jwt\Validator: 60 * 4 seconds).
const JWTLeeway = 240 * time.Second

// JWTLeewayText is JWTLeeway as messages write it: "240 s".
var JWTLeewayText = fmt.Sprintf("%d s", int(JWTLeeway/time.Second))

// registerValidations declares the validator aliases the OIDC struct tags use,
// from the lists above; a failed value reports the tag oneof.
func registerValidations(v *validator.Validate) {
	oneOf := func(vals []string) string { return "oneof=" + strings.Join(vals, " ") }
	v.RegisterAlias("espo_method", oneOf(AuthMethods))
	v.RegisterAlias("espo_algorithm", oneOf(SignatureAlgorithms))
	v.RegisterAlias("espo_prompt", oneOf(AuthorizationPrompts))
}
