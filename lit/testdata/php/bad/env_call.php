<?php return ['oidcClientSecret' => env('OIDC_SECRET', 'hunter2')];
