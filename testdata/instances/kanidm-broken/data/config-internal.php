<?php
return [
  'logger' => ['level' => 'INFO'],
  'oidcClientSecret' => 'FAKE-kanidm-broken-Yx2Wv5Ut8Sr1Qp4On7Ml0',
];
