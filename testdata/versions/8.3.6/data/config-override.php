<?php
return [
  'oidcScopes' => [
    0 => '__APPEND__',
    1 => 'offline_access'
  ]
];
