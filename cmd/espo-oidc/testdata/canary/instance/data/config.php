<?php
return [
  'database' => [
    'driver' => 'pdo_mysql',
    'host' => 'localhost',
    'dbname' => 'espocrm'
  ],
  'siteUrl' => 'https://crm.example.com',
  'authenticationMethod' => 'Oidc',
  'oidcClientId' => '11111111-2222-3333-4444-555555555555',
  'oidcAuthorizationEndpoint' => 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/authorize',
  'oidcTokenEndpoint' => 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token',
  'oidcJwksEndpoint' => 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/discovery/v2.0/keys',
  'oidcJwtSignatureAlgorithmList' => ['RS256', 'HS256'],
  'oidcScopes' => ['profile', 'email'],
  'oidcUsernameClaim' => 'preferred_username',
  'oidcFallback' => false,
  'oidcAllowAdminUser' => false,
  'smtpServer' => 'smtp.example.com',
  'smtpUsername' => 'crm@example.com',
  'smtpPassword' => 'CANARY-smtp-Pa55+w0rd/Zq=',
];
