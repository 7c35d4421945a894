<?php
return [
  'logger' => ['level' => 'INFO'],
  'oidcClientSecret' => 'FAKE-authelia-broken-Wn4rT8yU2iO6pA0s',
];
