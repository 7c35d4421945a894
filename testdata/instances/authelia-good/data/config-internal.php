<?php
return [
  'logger' => ['level' => 'INFO'],
  'oidcClientSecret' => 'FAKE-authelia-good-Wn4rT8yU2iO6pA0s',
];
