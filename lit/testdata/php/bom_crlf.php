<?php
return [
  'bom' => true,
  'crlf' => "a
b",
];
