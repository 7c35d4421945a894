package espodb

import (
	"testing"

	"github.com/espo-oidc/espo-oidc/dbfacts"
	"github.com/espo-oidc/espo-oidc/espo"
)

func normalize(s string) string {
	n, _ := espo.NormalizeUsername(s, "")
	return n
}

// The analyses on what Read returns from the real servers.
func TestAnalysesOnServerRows(t *testing.T) {
	for _, sv := range servers {
		t.Run(sv.name, func(t *testing.T) {
			s := read(t, target(t, sv.dsn(t, false)))
			// checkFixtures (server_test.go) proves the rows are the fixtures.
			c := dbfacts.CheckUsernames(s.Users, "email", s.UserNameMaxLength, normalize, "")
			if c.Users != 8 || c.Matching != 3 || len(c.Duplicates) != 1 || c.AtMaxLengthN != 1 {
				t.Errorf("usernames: %+v", c)
			}
			sum := dbfacts.Summarize(s.AuthLog.Rows)
			if sum.Rows != 13 || len(sum.Successes) != 2 || len(sum.Denials) != 8 || sum.Denials[0].Reason != "CREDENTIALS" || sum.Denials[0].Count != 3 {
				t.Errorf("summary: %+v", sum)
			}
		})
	}
}
