package espo

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// PHP semantics EspoCRM's OIDC code relies on, for values decoded from JSON
// (ID-token claims: string, json.Number or float64, bool, nil, []any,
// map[string]any). EspoCRM's files declare no strict_types, so comparisons
// are loose (in_array without strict) and falsiness is PHP's (!$value).
// The behaviour follows PHP 8 (EspoCRM 8.0+ requires it); it was checked
// against php-cli 8.2.

// IsNumericString is PHP 8's is_numeric for a string: optional whitespace,
// an optional sign, digits with an optional fraction (or a fraction alone),
// an optional exponent, optional trailing whitespace. Hex, octal, binary and
// "." are not numeric.
func IsNumericString(s string) bool {
	_, _, ok := parseNumeric(s)
	return ok
}

// parseNumeric reads a PHP numeric string: its value as a float, whether it
// is integer-shaped (no fraction or exponent), and whether it is numeric.
func parseNumeric(s string) (float64, bool, bool) {
	t := strings.TrimLeft(s, " \t\n\r\v\f")
	t = strings.TrimRight(t, " \t\n\r\v\f")
	if t == "" {
		return 0, false, false
	}
	i := 0
	if t[0] == '+' || t[0] == '-' {
		i++
	}
	digits, intShaped := 0, true
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
		digits++
	}
	if i < len(t) && t[i] == '.' {
		intShaped = false
		i++
		for i < len(t) && t[i] >= '0' && t[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return 0, false, false
	}
	if i < len(t) && (t[i] == 'e' || t[i] == 'E') {
		j := i + 1
		if j < len(t) && (t[j] == '+' || t[j] == '-') {
			j++
		}
		k := j
		for k < len(t) && t[k] >= '0' && t[k] <= '9' {
			k++
		}
		if k == j {
			return 0, false, false
		}
		intShaped = false
		i = k
	}
	if i != len(t) {
		return 0, false, false
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil && !math.IsInf(f, 0) {
		return 0, false, false
	}
	return f, intShaped, true
}

// LooseEqualStrings is PHP 8's "$a == $b" for two strings
// (zendi_smart_str_equals): numerically when both are numeric strings (so
// "0123" == "123" and "1e3" == "1000"), else byte for byte. Integer strings
// beyond int64 never equal an int64 one, and two that overflow to the same
// float, or two infinite floats, compare as strings.
func LooseEqualStrings(a, b string) bool {
	if a == b {
		return true
	}
	fa, ia, oka := parseNumeric(a)
	fb, ib, okb := parseNumeric(b)
	if !oka || !okb {
		return false
	}
	na, erra := strconv.ParseInt(strings.Trim(a, " \t\n\r\v\f"), 10, 64)
	nb, errb := strconv.ParseInt(strings.Trim(b, " \t\n\r\v\f"), 10, 64)
	longA, longB := ia && erra == nil, ib && errb == nil
	oflowA, oflowB := ia && erra != nil, ib && errb != nil
	switch {
	case oflowA && oflowB && (fa < 0) == (fb < 0) && fa == fb:
		return false // PHP compares the strings, which differ
	case longA && longB:
		return na == nb
	case longA && oflowB, longB && oflowA:
		return false
	case !longA && !longB && fa == fb && math.IsInf(fa, 0):
		return false // both infinite: compared as (different) strings
	}
	if longA {
		fa = float64(na)
	}
	if longB {
		fb = float64(nb)
	}
	return fa == fb
}

// LooseEqual is PHP 8's "$s == $v" for a string s and a decoded JSON value v.
func LooseEqual(s string, v any) bool {
	switch x := v.(type) {
	case string:
		return LooseEqualStrings(s, x)
	case json.Number:
		return looseStringNumber(s, string(x))
	case float64:
		return looseStringNumber(s, strconv.FormatFloat(x, 'g', -1, 64))
	case int:
		return looseStringNumber(s, strconv.Itoa(x))
	case int64:
		return looseStringNumber(s, strconv.FormatInt(x, 10))
	case bool:
		return Truthy(s) == x
	case nil:
		return s == ""
	}
	return false // arrays and objects never equal a string
}

// looseStringNumber compares a string with a number (written as JSON): as
// numbers when the string is numeric, else the number as PHP prints it
// compared with the string.
func looseStringNumber(s, num string) bool {
	fs, _, ok := parseNumeric(s)
	fn, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return false
	}
	if ok {
		if n1, e1 := strconv.ParseInt(strings.TrimSpace(s), 10, 64); e1 == nil {
			if n2, e2 := strconv.ParseInt(num, 10, 64); e2 == nil {
				return n1 == n2
			}
		}
		return fs == fn
	}
	return s == phpNumberString(fn, num)
}

func phpNumberString(f float64, raw string) string {
	if _, err := strconv.ParseInt(raw, 10, 64); err == nil {
		return raw
	}
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return strconv.FormatFloat(f, 'G', 14, 64)
}

// InArray is PHP's in_array($needle, $haystack) without strict: loose ==.
func InArray(needle string, haystack []any) bool {
	for _, h := range haystack {
		if LooseEqual(needle, h) {
			return true
		}
	}
	return false
}

// Truthy is PHP's (bool) cast: "", "0", 0, 0.0, false, null and an empty
// array are false; everything else is true.
func Truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case string:
		return x != "" && x != "0"
	case bool:
		return x
	case json.Number:
		f, err := x.Float64()
		return err != nil || f != 0
	case float64:
		return x != 0
	case int:
		return x != 0
	case int64:
		return x != 0
	case []any:
		return len(x) > 0
	case map[string]any:
		return true // a decoded JSON object is a stdClass: always true
	}
	return true
}

// PHPTypeName names a decoded JSON value's PHP type for messages.
func PHPTypeName(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case bool:
		return "bool"
	case json.Number:
		if _, err := strconv.ParseInt(string(x), 10, 64); err == nil {
			return "int"
		}
		return "float"
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<63 {
			return "int"
		}
		return "float"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "value"
}
