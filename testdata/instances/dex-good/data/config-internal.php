<?php
return [
  'logger' => ['level' => 'INFO'],
  'oidcClientSecret' => 'FAKE-dex-good-secret-Qw3Er6Ty9Ui2Op5As8Df1',
];
