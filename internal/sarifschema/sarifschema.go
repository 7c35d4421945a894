// Package sarifschema compiles the official SARIF 2.1.0 JSON schema shipped in
// report/testdata, for the tests of every package that writes SARIF. Only
// tests import it, so the schema validator is not linked into espo-oidc.
package sarifschema

import (
	"os"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Compile loads and compiles the schema file at path.
func Compile(path string) (*jsonschema.Schema, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif-schema-2.1.0.json", doc); err != nil {
		return nil, err
	}
	return c.Compile("sarif-schema-2.1.0.json")
}
