package espodb

import (
	"strings"
	"testing"
)

// FuzzParseDSN: any --dsn gives a target or an InputError, never a panic,
// and neither the error nor String() shows the password.
func FuzzParseDSN(f *testing.F) {
	for _, s := range []string{
		"mysql://ro:pw@127.0.0.1:3306/espo", "ro:pw@tcp(h:1)/d?x=y", "ro:pw@unix(/s)/d", "postgres://u:p@h:5432/d?sslmode=disable",
		"host=/tmp port=5432 dbname='a b' password='x\\'y'", "mysql://%zz@h/d", "postgres://[::1", "host='", "@/", "mysql://:@:/",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, dsn string) {
		tg, err := ParseDSN(dsn)
		if err != nil {
			if _, ok := err.(*InputError); !ok {
				t.Fatalf("not an InputError: %T %v", err, err)
			}
			return
		}
		if pw := tg.Password.Reveal(); pw != "" && strings.Contains(tg.String(), pw) {
			t.Fatalf("String() %q shows the password %q", tg.String(), pw)
		}
	})
}
