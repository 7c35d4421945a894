<?php
return [
  'logger' => ['level' => 'INFO'],
  'oidcClientSecret' => 'FAKE-okta-broken-Hq2Lp9Xz4Cv7Bn1Mk5Jh8Gf3Ds6Aa0',
];
