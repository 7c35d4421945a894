<?php
return [
  'siteUrl' => 'https://crm.example.com',
  'authenticationMethod' => 'Oidc',
  'auth2FA' => false,
  'oidcClientId' => 'espocrm',
  'oidcAuthorizationEndpoint' => 'https://sso.example.com/dex/auth',
  'oidcTokenEndpoint' => 'https://sso.example.com/dex/token',
  'oidcJwksEndpoint' => 'https://sso.example.com/dex/keys',
  'oidcUserInfoEndpoint' => NULL,
  'oidcJwtSignatureAlgorithmList' => [
    0 => 'RS256'
  ],
  'oidcScopes' => [
    0 => 'profile',
    1 => 'email',
    2 => 'phone'
  ],
  'oidcUsernameClaim' => 'email',
  'oidcCreateUser' => false,
  'oidcSync' => false,
  'oidcGroupClaim' => NULL,
  'oidcFallback' => true,
  'oidcAllowRegularUserFallback' => false,
  'oidcAllowAdminUser' => true,
  'oidcLogoutUrl' => 'https://sso.example.com/dex/logout?post_logout_redirect_uri={siteUrl}',
  'oidcAuthorizationPrompt' => 'login',
  'oidcAuthorizationPkce' => true,
];
