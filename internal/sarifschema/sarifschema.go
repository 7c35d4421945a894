// Package sarifschema compiles a SARIF 2.1.0 JSON schema for the tests of
// every package that writes SARIF: report/testdata/sarif-2.1.0-emitted.schema.json
// (ours, written from the specification for every object espo-oidc emits) or,
// when it is given, the official OASIS schema. Only tests import it, so the
// schema validator is not linked into espo-oidc.
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
	const url = "file:///sarif-2.1.0.schema.json"
	if err := c.AddResource(url, doc); err != nil {
		return nil, err
	}
	return c.Compile(url)
}
