<?php
return [
  'siteUrl' => 'https://crm.example.com',
  'oidcClientSecret' => 'CANARY~8Q~clientSecret.Value_9xYz