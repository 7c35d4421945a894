<?php
return [
  'database' => [
    'host' => getenv('DB_HOST'),
  ],
];
