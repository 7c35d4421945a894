<?php
// Hand-written config in the old array() style, with comments of all kinds.
return array(
    "siteUrl" => "https://crm.example.com", # the URL users open
    "authenticationMethod" => "Oidc",
    /* Entra app "EspoCRM" */
    "oidcClientId" => "11111111-2222-3333-4444-555555555555",
    "oidcClientSecret" => "6b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
    "oidcAuthorizationEndpoint" => "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize",
    "oidcTokenEndpoint" => "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token",
    "oidcJwksEndpoint" => "https://login.microsoftonline.com/common/discovery/v2.0/keys",
    "oidcJwtSignatureAlgorithmList" => array("RS256", "HS256"),
    "oidcScopes" => array("profile", "email", "phone"),
    "oidcUsernameClaim" => "sub",
    "oidcFallback" => TRUE,
    "oidcAllowRegularUserFallback" => TRUE,
    "oidcAllowAdminUser" => FALSE,
    "auth2FA" => TRUE,
    "auth2FAForced" => TRUE,
);
