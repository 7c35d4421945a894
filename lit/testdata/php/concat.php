<?php
return [
  'nul' => 'a' . "\0" . 'b',
  'cr' => 'line1' . "\r\n" . 'line2',
  'num' => 'port ' . 8080,
  'neg' => 'n' . -5,
  'float' => 'f' . 1.5 . '/' . 1e25 . '/' . 0.1 . '/' . 1e-5,
  'bools' => 'x' . true . false . null . 'y',
  'chain' => 'a' . 'b' . 'c' . 'd',
  ('a' . 'b') => 'parenthesised key',
];
