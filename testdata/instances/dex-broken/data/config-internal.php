<?php
return [
  'logger' => ['level' => 'INFO'],
  'oidcClientSecret' => 'FAKE-dex-broken-secret-Qw3Er6Ty9Ui2Op5As8Df1',
];
