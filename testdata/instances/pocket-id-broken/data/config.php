<?php
return [
  'siteUrl' => 'https://crm.example.com',
  'authenticationMethod' => 'Oidc',
  'auth2FA' => false,
  'oidcClientId' => '6c2f1a7e-espocrm',
  'oidcAuthorizationEndpoint' => 'https://id.example.com/authorize',
  'oidcTokenEndpoint' => 'https://id.example.com/api/oidc/token',
  'oidcJwksEndpoint' => 'https://id.example.com/.well-known/jwks.json',
  'oidcUserInfoEndpoint' => 'https://id2.example.com/api/oidc/userinfo',
  'oidcJwtSignatureAlgorithmList' => [
    0 => 'RS256'
  ],
  'oidcScopes' => [
    0 => 'profile',
    1 => 'email',
    2 => 'phone'
  ],
  'oidcUsernameClaim' => 'preferred_username',
  'oidcCreateUser' => false,
  'oidcSync' => false,
  'oidcFallback' => true,
  'oidcAllowRegularUserFallback' => false,
  'oidcAllowAdminUser' => true,
  'oidcLogoutUrl' => NULL,
  'oidcAuthorizationPrompt' => 'login',
  'oidcAuthorizationPkce' => true,
];
