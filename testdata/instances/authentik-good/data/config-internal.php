<?php
return [
  'logger' => ['level' => 'INFO'],
  'oidcClientSecret' => 'FAKE-ak-good-q7Zt0pLk2Jh5Gf8Ds1Aa4Ss9Dd6Ff3Gg0Hh7',
];
