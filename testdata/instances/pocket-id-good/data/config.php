<?php
return [
  'siteUrl' => 'https://crm.example.com',
  'authenticationMethod' => 'Oidc',
  'auth2FA' => false,
  'oidcClientId' => '6c2f1a7e-espocrm',
  'oidcAuthorizationEndpoint' => 'https://id.example.com/authorize',
  'oidcTokenEndpoint' => 'https://id.example.com/api/oidc/token',
  'oidcJwksEndpoint' => 'https://id.example.com/.well-known/jwks.json',
  'oidcUserInfoEndpoint' => 'https://id.example.com/api/oidc/userinfo',
  'oidcJwtSignatureAlgorithmList' => [
    0 => 'RS256'
  ],
  'oidcScopes' => [
    0 => 'profile',
    1 => 'email'
  ],
  'oidcUsernameClaim' => 'preferred_username',
  'oidcCreateUser' => false,
  'oidcSync' => false,
  'oidcFallback' => true,
  'oidcAllowRegularUserFallback' => false,
  'oidcAllowAdminUser' => true,
  'oidcLogoutUrl' => 'https://id.example.com/api/oidc/end-session?post_logout_redirect_uri={siteUrl}',
  'oidcAuthorizationPrompt' => 'login',
  'oidcAuthorizationPkce' => true,
];
