<?php
return [
    'siteUrl' => 'https://crm.example.com',
    'authenticationMethod' => 'Oidc',
    'oidcClientId' => getenv('ESPO_OIDC_CLIENT_ID'),
    'oidcClientSecret' => getenv('ESPO_OIDC_CLIENT_SECRET'),
];
