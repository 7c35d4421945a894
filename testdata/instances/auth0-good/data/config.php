<?php
return [
  'siteUrl' => 'https://crm.example.com',
  'authenticationMethod' => 'Oidc',
  'auth2FA' => false,
  'oidcClientId' => 'FAKEa1b2c3d4e5f6g7h8i9j0k1l2m3n4',
  'oidcAuthorizationEndpoint' => 'https://acme.eu.auth0.com/authorize',
  'oidcTokenEndpoint' => 'https://acme.eu.auth0.com/oauth/token',
  'oidcJwksEndpoint' => 'https://acme.eu.auth0.com/.well-known/jwks.json',
  'oidcUserInfoEndpoint' => 'https://acme.eu.auth0.com/userinfo',
  'oidcJwtSignatureAlgorithmList' => [
    0 => 'RS256'
  ],
  'oidcScopes' => [
    0 => 'profile',
    1 => 'email'
  ],
  'oidcUsernameClaim' => 'email',
  'oidcCreateUser' => false,
  'oidcSync' => false,
  'oidcGroupClaim' => NULL,
  'oidcFallback' => true,
  'oidcAllowRegularUserFallback' => false,
  'oidcAllowAdminUser' => true,
  'oidcLogoutUrl' => 'https://acme.eu.auth0.com/oidc/logout?client_id={clientId}&post_logout_redirect_uri={siteUrl}',
  'oidcAuthorizationPrompt' => 'login',
  'oidcAuthorizationPkce' => true,
];
