<?php
return [
  'logger' => ['level' => 'INFO'],
  'oidcClientSecret' => 'GOCSPX-FAKE-good-4r7T0yU3iO6pA9sD2fG5',
];
