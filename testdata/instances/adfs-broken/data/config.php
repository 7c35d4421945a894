<?php
return [
  'siteUrl' => 'https://crm.example.com',
  'authenticationMethod' => 'Oidc',
  'auth2FA' => false,
  'oidcClientId' => '5f1c2d3e-4a5b-6c7d-8e9f-0a1b2c3d4e5f',
  'oidcAuthorizationEndpoint' => 'https://adfs.corp.example.com/adfs/oauth2/authorize/',
  'oidcTokenEndpoint' => 'https://adfs2.corp.example.com/adfs/oauth2/token/',
  'oidcJwksEndpoint' => 'https://adfs.corp.example.com/adfs/discovery/keys',
  'oidcUserInfoEndpoint' => NULL,
  'oidcJwtSignatureAlgorithmList' => [
    0 => 'RS256'
  ],
  'oidcScopes' => [
    0 => 'profile',
    1 => 'email'
  ],
  'oidcUsernameClaim' => 'upn',
  'oidcCreateUser' => false,
  'oidcSync' => false,
  'oidcFallback' => true,
  'oidcAllowRegularUserFallback' => false,
  'oidcAllowAdminUser' => true,
  'oidcLogoutUrl' => NULL,
  'oidcAuthorizationPkce' => true,
];
