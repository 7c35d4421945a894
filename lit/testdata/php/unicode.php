<?php
return [
  'name' => 'Zoë Ångström',
  'emoji' => '😀',
  'cjk' => '日本語',
  'ctrl' => "\x01\x1f\x7f",
  'slash' => 'https://a/b',
  'keys' => ['ключ' => 'значение'],
  'bom_in_string' => "\u{FEFF}",
  'replacement' => "\u{FFFD}",
];
