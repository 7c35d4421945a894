<?php

return [
    'siteUrl' => 'http://crm.internal.example',
    'authenticationMethod' => 'oidc',
    'oidcClientId' => '11111111-2222-3333-4444-555555555555',
    'oidcAuthorizationEndpoint' => 'login.microsoftonline.com/common/oauth2/v2.0/authorize',
    'oidcTokenEndpoint' => 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
    'oidcJwksEndpoint' => 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
    'oidcJwtSignatureAlgorithmList' => 'RS256',
    'oidcScopes' => ['profile', 'email', 'groups',],
    'oidcUsernameClaim' => 'email',
    'oidcCreateUser' => true,
    'oidcFallback' => 'false',
    'oidcAllowAdminUser' => null,
    'oidcClientID' => 'typo',
];
