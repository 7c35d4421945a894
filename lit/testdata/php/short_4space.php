<?php

return [
    'authenticationMethod' => 'Oidc',
    'oidcFallback' => TRUE,
    'oidcAllowAdminUser' => False,
    'oidcUserInfoEndpoint' => null,
    'oidcLogoutUrl' => Null,
    'oidcScopes' => [
        'profile',
        'email',
        'offline_access',
    ],
    'oidcTeamsColumns' => (object) [
        'abc' => (object)[ 'group' => 'g1', ],
    ],
    'nested' => [
        'a' => [
            'b' => [
                'c' => [1, 2, 3,],
            ],
        ],
    ],
    'empty' => [ ],
];
