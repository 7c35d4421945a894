<?php
return [
    'database' => ['user' => 'espo', 'password' => 'kc-db-Secret'],
    'logger' => ['level' => 'INFO'],
    'oidcClientSecret' => 'Zk3v9bQ2xW8mN4pR7tY1uI6oP0aS5dF2',
];
