<?php
return [
  'oidcClientSecret' => 'q7Zt0pLk2Jh5Gf8Ds1Aa4Ss9Dd6Ff3Gg0Hh7Jj2Kk5Ll8Zz1Xx4Cc7Vv0Bb3Nn6Mm',
];
