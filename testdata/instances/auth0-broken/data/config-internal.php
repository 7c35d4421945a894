<?php
return [
  'logger' => ['level' => 'INFO'],
  'oidcClientSecret' => 'FAKE-auth0-broken-secret-Qw3Er6Ty9Ui2Op5As8Df1',
];
