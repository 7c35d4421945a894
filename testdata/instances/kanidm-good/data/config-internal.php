<?php
return [
  'logger' => ['level' => 'INFO'],
  'oidcClientSecret' => 'FAKE-kanidm-good-Yx2Wv5Ut8Sr1Qp4On7Ml0',
];
