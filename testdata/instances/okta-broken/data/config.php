<?php
return [
  'siteUrl' => 'https://crm.example.com',
  'authenticationMethod' => 'Oidc',
  'auth2FA' => false,
  'oidcClientId' => '0oaFAKE1a2b3c4d5e6f7',
  'oidcAuthorizationEndpoint' => 'https://dev-1234567.okta.com/oauth2/default/v1/authorize',
  'oidcTokenEndpoint' => 'https://dev-1234567.okta.com/oauth2/default/v1/token',
  'oidcJwksEndpoint' => 'https://dev-1234567.okta.com/oauth2/v1/keys',
  'oidcUserInfoEndpoint' => NULL,
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
  'oidcLogoutUrl' => 'https://dev-1234567.okta.com/oauth2/default/v1/logout?post_logout_redirect_uri={siteUrl}',
  'oidcAuthorizationPrompt' => 'login',
  'oidcAuthorizationPkce' => true,
];
