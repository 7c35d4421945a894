package report

import (
	"html/template"
	"io"
	"slices"
	"strings"
	"sync"
)

func init() { Register("html", writeHTML) }

// The HTML support report is one self-contained file: inline CSS, no
// scripts, no fonts, no images, nothing fetched; it prints as it shows.

// htmlTmpl is parsed when a run first writes HTML (sync.OnceValue), not at
// start-up.
var htmlTmpl = sync.OnceValue(htmlTmplParse)

func htmlTmplParse() *template.Template {
	return template.Must(template.New("report").Funcs(template.FuncMap{
		"lower":      strings.ToLower,
		"upper":      strings.ToUpper,
		"join":       strings.Join,
		"dash":       orDash,
		"bySeverity": bySeverity,
	}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>espo-oidc report: {{.Verdict}}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1b1b;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.3rem}h2{border-bottom:2px solid #ddd;padding-bottom:.2rem;margin-top:2rem}h3{margin-top:1.5rem}
.verdict{padding:.8rem 1rem;border-radius:6px;font-size:1.1rem;margin:1rem 0}
.v-FAILED,.v-INCOMPLETE{background:#fde8e8;border:2px solid #c62828}.v-PASSED{background:#e7f5e9;border:2px solid #2e7d32}
.finding{border-left:5px solid #888;padding:.4rem .8rem;margin:.8rem 0;background:#fafafa;page-break-inside:avoid}
.s-error{border-color:#c62828}.s-warning{border-color:#ef6c00}.s-info{border-color:#1565c0}.s-suppressed{border-color:#9e9e9e;color:#555}
.sev{font-weight:bold;text-transform:uppercase;font-size:.85rem}
.fix{margin:.3rem 0 0;white-space:pre-wrap}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.9rem}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.88em;overflow-wrap:anywhere}
td.key code,.rule{white-space:nowrap}a{color:#0b57a8}a:hover{text-decoration:underline}
.finding:target{outline:3px solid #0b57a8;outline-offset:2px}.top li{margin:.35rem 0}.top .fix{color:#333}
nav.toc{font-size:.95rem}nav.toc li{margin:.15rem 0}
.secret{color:#6a1b9a}.unset{color:#888;font-style:italic}.muted{color:#666;font-size:.9rem}
@media print{body{margin:0;max-width:none;font-size:10pt}.finding,tr,.top li{page-break-inside:avoid;break-inside:avoid}h1,h2,h3,h4,h2+p.muted,h3+p.muted{page-break-after:avoid;break-after:avoid-page}thead{display:table-header-group}a{color:inherit;text-decoration:none}nav.toc{display:none}.finding:target{outline:none}}
</style>
</head>
<body>
<h1>espo-oidc report</h1>
<div class="verdict v-{{.Verdict}}"><strong>{{.Verdict}}</strong>: {{.VerdictDetail}}</div>
{{range .Errors}}<p class="finding s-error"><span class="sev">input error</span> <code>{{.Instance}}</code>: {{.Message}}</p>
{{end}}{{if .Top}}<h2 id="fix-first">Fix first</h2>
<ol class="top">{{range .Top}}<li><a href="#{{.Anchor}}"><strong class="rule">{{.Rule}} {{.Name}}</strong></a> at <code>{{.Location}}</code>: {{.Message}}{{if .Fix}}<div class="fix"><strong>Fix:</strong> {{.Fix}}</div>{{end}}</li>{{end}}</ol>
{{end}}{{if gt (len .Instances) 1}}<nav class="toc"><h2>Instances</h2><ul>{{range .Instances}}<li><a href="#{{.Anchor}}"><code>{{.Instance}}</code></a>: {{.Counts.Error}} error(s), {{.Counts.Warning}} warning(s), {{.Counts.Info}} info</li>{{end}}</ul></nav>
{{end}}{{range .Instances}}<h2 id="{{.Anchor}}">Instance <code>{{.Instance}}</code></h2>
<p class="muted">Identity provider: {{dash .Provider}} · {{if .EspoVersion}}EspoCRM {{.EspoVersion}} · {{end}}rules run: {{.Ran}} · {{.Counts.Error}} error(s), {{.Counts.Warning}} warning(s), {{.Counts.Info}} info, {{.Counts.Suppressed}} suppressed</p>
<h3>Findings</h3>
{{if not .Findings}}<p>No findings.</p>{{end}}{{range bySeverity .Findings}}<div class="finding s-{{.Severity}}" id="{{.Anchor}}">
<div><span class="sev">{{.Severity}}</span> {{if .HelpURI}}<a class="rule" href="{{.HelpURI}}" title="rule documentation"><strong>{{.Rule}} {{.Name}}</strong></a>{{else}}<strong class="rule">{{.Rule}} {{.Name}}</strong>{{end}} <code>{{.Location}}</code>{{if .Key}} setting <code class="rule">{{.Key}}</code>{{end}}</div>
<div>{{.Message}}</div>
{{if .Fix}}<div class="fix"><strong>Fix:</strong> {{.Fix}}</div>{{end}}{{if .Suppressed}}<div class="muted">Suppressed: {{.Suppressed}}</div>{{end}}
</div>
{{end}}{{range .Skipped}}<p class="muted">Skipped {{len .Rules}} rule(s): {{.Reason}} ({{join .Rules ", "}})</p>
{{end}}{{if .HasSettings}}<h3>Effective settings</h3>
<p class="muted">Secret values are shown as their length and a SHA-256 prefix only.</p>
<table><thead><tr><th>Setting</th><th>Value</th><th>From</th></tr></thead><tbody>
{{range .Settings}}<tr><td class="key"><code>{{.Key}}</code></td><td>{{if not .Set}}<span class="unset">(not set)</span>{{else}}<code{{if .Secret}} class="secret"{{end}}>{{.Value}}</code>{{end}}</td><td>{{dash .Source}}</td></tr>
{{end}}</tbody></table>
{{if .OtherSettings}}<p class="muted">{{.OtherSettings}} other setting(s) not related to the login are not shown.</p>{{end}}
{{end}}{{with .Manifest}}<h3>Entra app registration (<code>{{.Path}}</code>)</h3>
<table><tbody>
<tr><th>Application (client) ID</th><td><code>{{.AppID}}</code></td></tr>
<tr><th>Display name</th><td>{{.DisplayName}}</td></tr>
<tr><th>Supported account types (signInAudience)</th><td>{{.SignInAudience}}</td></tr>
<tr><th>Manifest format</th><td>{{.Format}}</td></tr>
<tr><th>Group claims (groupMembershipClaims)</th><td>{{.GroupClaims}}</td></tr>
<tr><th>Implicit ID tokens</th><td>{{.ImplicitIDToken}}</td></tr>
<tr><th>Optional ID token claims</th><td>{{dash (join .IDTokenClaims ", ")}}</td></tr>
</tbody></table>
{{if .Redirects}}<table><thead><tr><th>Platform</th><th>Redirect URI</th></tr></thead><tbody>
{{range .Redirects}}<tr><td>{{.Platform}}</td><td><code>{{.URI}}</code></td></tr>
{{end}}</tbody></table>{{end}}
{{if .Secrets}}<table><thead><tr><th>Client secret</th><th>Secret ID</th><th>Expires</th><th>State</th></tr></thead><tbody>
{{range .Secrets}}<tr><td>{{.Name}}</td><td><code>{{.KeyID}}</code></td><td>{{.Expires}}</td><td>{{.State}}</td></tr>
{{end}}</tbody></table>{{end}}
{{end}}{{with .Probe}}<h3>Probe</h3>
<p class="muted">Started {{dash .Started}} · issuer <code>{{.Issuer}}</code></p>
{{if .Timeline}}<table><thead><tr><th>Step</th><th>Request</th><th>Status</th><th>ms</th><th>Error</th></tr></thead><tbody>
{{range .Timeline}}<tr><td>{{.Step}}</td><td><code>{{.Method}} {{.URL}}</code></td><td>{{.Status}}</td><td>{{.MS}}</td><td>{{.Error}}</td></tr>
{{end}}</tbody></table>{{end}}
<ul>{{range .Failures}}<li><strong>incomplete</strong>: {{.}}</li>{{end}}{{range .Notes}}<li>note: {{.}}</li>{{end}}{{range .Verdicts}}<li>ID token {{.}}</li>{{end}}{{if .User}}<li>user: {{.User}}</li>{{end}}</ul>
{{if .Claims}}<h4>ID token claims</h4>
<table><thead><tr><th>Claim</th><th>Value</th><th>Meaning</th></tr></thead><tbody>
{{range .Claims}}<tr><td><code>{{.Name}}</code></td><td><code>{{.Value}}</code></td><td>{{.Meaning}}</td></tr>
{{end}}</tbody></table>{{end}}
{{end}}{{end}}{{with .Logs}}<h2>EspoCRM logs</h2>
<p class="muted">Read {{.Lines}} line(s), {{.Records}} record(s), {{.OIDCRecords}} about OIDC, from {{join .Files ", "}}.{{if .Versions}} Log format of EspoCRM {{join .Versions ", "}}.{{end}}{{if .Skipped}} Skipped: {{.Skipped}}.{{end}}</p>
{{if .Summary}}<table><thead><tr><th>Cause</th><th>Code</th><th>Incidents</th><th>Attempts</th><th>First</th><th>Last</th><th>Rules</th></tr></thead><tbody>
{{range .Summary}}<tr><td>{{.Cause}}</td><td><code>{{.Code}}</code></td><td>{{.Incidents}}</td><td>{{.Attempts}}</td><td>{{.First}}</td><td>{{.Last}}</td><td>{{.Rules}}</td></tr>
{{end}}</tbody></table>{{else}}<p>No failed OIDC login in the logs.</p>{{end}}
{{range .Incidents}}<div class="finding s-error"><div><strong>{{.Cause}}</strong> <code>{{.Code}}</code> · {{.Attempts}} attempt(s) · {{.When}} · <code>{{.At}}</code></div><div>{{.Message}}</div>{{if .Fix}}<div class="fix"><strong>Fix:</strong> {{.Fix}}</div>{{end}}</div>
{{end}}{{if .More}}<p class="muted">… and {{.More}} more incident(s)</p>{{end}}
{{range .Notes}}<p><strong>{{.Title}}</strong> {{.Text}}</p>
{{end}}{{end}}{{with .AuthLog}}<h2>Auth log</h2>
<pre>{{.}}</pre>
{{end}}<hr>
<p class="muted">{{.Tool}} {{.Version}}{{if .Command}} · command <code>{{.Command}}</code>{{end}}{{if .Generated}} · generated {{.Generated}}{{end}}</p>
</body>
</html>
`))
}

func writeHTML(w io.Writer, r *Report, _ Options) error {
	return htmlTmpl().Execute(w, buildView(r))
}

// severityRank orders findings for reading: errors, warnings, infos, then
// the suppressed ones.
var severityRank = map[string]int{"error": 0, "warning": 1, "info": 2, "suppressed": 3}

// bySeverity is an instance's findings, most severe first, in their order
// otherwise (the HTML report; the other formats keep the rules' order).
func bySeverity(fs []findingView) []findingView {
	out := slices.Clone(fs)
	slices.SortStableFunc(out, func(a, b findingView) int { return severityRank[a.Severity] - severityRank[b.Severity] })
	return out
}
