package probe

import (
	"net/http/cookiejar"
	"net/url"
	"strings"
)

// cookieJar holds the cookies the identity provider sets while the
// authorize check follows its redirects, as a browser would: providers
// such as oidc-provider keep the interaction's state in a cookie and
// answer 'interaction session id cookie not found' without it. The jar
// lives for one check only and its cookies never leave the provider's
// host (nor are they recorded: they are session secrets).
type cookieJar struct{ jar *cookiejar.Jar }

func newCookieJar() cookieJar {
	j, _ := cookiejar.New(nil)
	return cookieJar{jar: j}
}

// keep stores the cookies an answer set; their values become secrets the
// recorder removes from every later answer.
func (c cookieJar) keep(rec *recorder, ex *exchange) {
	if ex == nil || len(ex.cookies) == 0 {
		return
	}
	u, err := url.Parse(ex.URL)
	if err != nil {
		return
	}
	if cs := ex.cookies; len(cs) > 0 {
		c.jar.SetCookies(u, cs)
		for _, k := range cs {
			rec.addWholeSecret(k.Value) // whole: a cookie may begin with the base64 of the time, as ID tokens do
		}
	}
}

// header is the Cookie header a browser would send to u (nil: none).
func (c cookieJar) header(u *url.URL) map[string]string {
	cs := c.jar.Cookies(u)
	if len(cs) == 0 {
		return nil
	}
	parts := make([]string, len(cs))
	for i, k := range cs {
		parts[i] = k.Name + "=" + k.Value
	}
	return map[string]string{"Cookie": strings.Join(parts, "; ")}
}
