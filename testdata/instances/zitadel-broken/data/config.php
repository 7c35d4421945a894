<?php
return [
  'siteUrl' => 'https://crm.example.com',
  'authenticationMethod' => 'Oidc',
  'auth2FA' => false,
  'oidcClientId' => '123456789012345678@espocrm',
  'oidcAuthorizationEndpoint' => 'https://espocrm-a1b2c3.zitadel.cloud/oauth/v2/authorize',
  'oidcTokenEndpoint' => 'https://espocrm-a1b2c3.zitadel.cloud/oauth/v2/token',
  'oidcJwksEndpoint' => 'https://staging-d4e5f6.zitadel.cloud/oauth/v2/keys',
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
  'oidcGroupClaim' => 'urn:zitadel:iam:org:project:roles',
  'oidcFallback' => true,
  'oidcAllowRegularUserFallback' => false,
  'oidcAllowAdminUser' => true,
  'oidcLogoutUrl' => NULL,
  'oidcAuthorizationPrompt' => 'login',
  'oidcAuthorizationPkce' => true,
];
