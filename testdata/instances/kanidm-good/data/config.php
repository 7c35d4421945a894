<?php
return [
  'siteUrl' => 'https://crm.example.com',
  'authenticationMethod' => 'Oidc',
  'auth2FA' => false,
  'oidcClientId' => 'espocrm',
  'oidcAuthorizationEndpoint' => 'https://idm.example.com/ui/oauth2',
  'oidcTokenEndpoint' => 'https://idm.example.com/oauth2/token',
  'oidcJwksEndpoint' => 'https://idm.example.com/oauth2/openid/espocrm/public_key.jwk',
  'oidcUserInfoEndpoint' => 'https://idm.example.com/oauth2/openid/espocrm/userinfo',
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
  'oidcLogoutUrl' => NULL,
  'oidcAuthorizationPrompt' => 'login',
  'oidcAuthorizationPkce' => true,
];
