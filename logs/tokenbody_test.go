package logs

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

var tokenBodySeeds = []string{
	`{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.\r\nTrace ID: 0a1b","error_codes":[7000215]}`,
	`{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.","error_codes":[7000215],"timestamp":"2026-11-29 08:00:00Z","trace_id":"0a1b","correlation_id":"c0ffee","error_uri":"https://login.microsoftonline.com/error?code=7000215"}`,
	`{"error":"invalid_grant","error_description":"Invalid user credentials"}`,
	`{"error":{"code":"InvalidAuthenticationToken","message":"Access token is empty."}}`,
	`{}`, ` { } `, `{"error":"x","error":"y"}`, `{"Error":"x"}`, `{"ERROR_CODES":[1]}`,
	`{"error_codes":[1,2,-3]}`, `{"error_codes":[1.0]}`, `{"error_codes":[1e2]}`, `{"error_codes":[01]}`,
	`{"error_codes":[99999999999999999999]}`, `{"error_codes":null}`, `{"error_codes":[]}`,
	`{"a":[1,"x",true,null],"b":false,"c":-0.5e+3}`, `{"a":[[1]]}`, `{"a":{}}`, `{"a":1,}`, `{"a" 1}`,
	`{"error":"caf\u00e9"}`, `{"error":"café"}`, `{"error":"a\"b"}`, "{\"error\":\"a\x01\"}",
	`{"error":"x"} trailing`, `{"error":"x"}}`, `{"error_description":null}`, `{"error":1}`,
	`{"error":"a\u0041\/\b\f\n\r\t\\\"z"}`, `{"error":"\ud83d\ude00"}`, `{"error":"\u00"}`, `{"error":"\u+041"}`, `{"error":"\"}`,
	`{"a":tru}`, `{"a":-}`, `{"a":1.}`, `{"a":1e}`, `{"a":"\x"}`,
}

// decodeTokenBody decides as json.Unmarshal does whenever it decides.
func checkTokenBody(t *testing.T, raw string) {
	tb, oauthErr, valid, ok := decodeTokenBodyErr(raw)
	if !ok {
		return
	}
	var want tokenBody
	err := json.Unmarshal([]byte(raw), &want)
	if valid != (err == nil) {
		t.Fatalf("%q: valid %v, encoding/json: %v", raw, valid, err)
	}
	if !valid {
		return
	}
	if !bytes.Equal(tb.Error, want.Error) || tb.Description != want.Description || tb.CorrelationID != want.CorrelationID || !reflect.DeepEqual(tb.Codes, want.Codes) {
		t.Fatalf("%q: %+v, encoding/json %+v", raw, tb, want)
	}
	if want.Error != nil {
		var e string
		if json.Unmarshal(want.Error, &e) != nil || e != oauthErr {
			t.Fatalf("%q: error %q, encoding/json %q", raw, oauthErr, e)
		}
	}
}

func TestDecodeTokenBody(t *testing.T) {
	decided := 0
	for _, s := range tokenBodySeeds {
		checkTokenBody(t, s)
		if _, _, ok := decodeTokenBody(s); ok {
			decided++
		}
	}
	// the answers providers send are read by hand
	for _, s := range tokenBodySeeds[:3] {
		if tb, valid, ok := decodeTokenBody(s); !ok || !valid || string(tb.Error) == "" {
			t.Errorf("%q: not read by hand (ok %v valid %v)", s, ok, valid)
		}
	}
	if decided < 12 {
		t.Errorf("only %d of the seeds decided by hand", decided)
	}
}

func FuzzDecodeTokenBody(f *testing.F) {
	for _, s := range tokenBodySeeds {
		f.Add(s)
	}
	f.Fuzz(checkTokenBody)
}
