<?php
return [
  'siteUrl' => 'https://crm.example.com',
  'authenticationMethod' => 'Oidc',
  'auth2FA' => false,
  'oidcClientId' => '123456789012345678@espocrm',
  'oidcAuthorizationEndpoint' => 'https://id.example.com/oauth/v2/authorize',
  'oidcTokenEndpoint' => 'https://id.example.com/oauth/v2/token',
  'oidcJwksEndpoint' => 'https://id.example.com/oauth/v2/keys',
  'oidcUserInfoEndpoint' => 'https://id.example.com/oidc/v1/userinfo',
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
  'oidcGroupClaim' => NULL,
  'oidcFallback' => true,
  'oidcAllowRegularUserFallback' => false,
  'oidcAllowAdminUser' => true,
  'oidcLogoutUrl' => 'https://id.example.com/oidc/v1/end_session?client_id={clientId}&post_logout_redirect_uri={siteUrl}',
  'oidcAuthorizationPrompt' => 'login',
  'oidcAuthorizationPkce' => true,
];
