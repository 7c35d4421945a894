<?php
/*
 * Hand-written override file, old style.
 */
// The settings
# shell-style comment
return array(
    "siteUrl" => "https://crm.example.org/", // trailing comment
    "oidcClientId" => "client-id", # hash comment
    /* a block comment between entries */
    "oidcScopes" => ARRAY("openid", "profile" /* inline */, "email"),
    "escapes" => "tab:\t nl:\n cr:\r vt:\v esc:\e ff:\f bs:\\ dollar:\$ quote:\" oct:\101\60\7 hex:\x41\x7e uni:\u{e9}\u{1F600} unknown:\q\' dollar-alone:$ $1 {x}",
    "dq_slash" => "a/b",
    "single" => 'no \n escape, \\ and \' only',
    'multi' => 'line one
line two',
    'obj' => (  OBJECT	) array('k' => 'v'),
    'emptyObj' => (object) array(),
    'b' => b'binary prefix',
);
