<?php
return [
  'siteUrl' => 'https://old.example.com',
  'authenticationMethod' => 'Oidc',
  'oidcFallback' => false,
  'oidcScopes' => [
    0 => 'profile',
    1 => 'email',
    2 => 'phone'
  ],
  'logger' => [
    'path' => 'data/logs/espo.log',
    'level' => 'WARNING'
  ]
];
