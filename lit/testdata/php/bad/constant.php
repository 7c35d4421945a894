<?php
return [
  'logger' => ['path' => __DIR__ . '/../data/logs/espo.log'],
  'eol' => PHP_EOL,
];
