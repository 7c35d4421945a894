<?php
return [
  'useCache' => true,
  'jobMaxPortion' => 15,
  'jobRunInParallel' => false,
  'jobPoolConcurrencyNumber' => 8,
  'daemonMaxProcessNumber' => 5,
  'daemonInterval' => 10,
  'daemonProcessTimeout' => 36000,
  'jobForceUtc' => false,
  'recordsPerPage' => 20,
  'recordsPerPageSmall' => 5,
  'recordsPerPageSelect' => 10,
  'recordsPerPageKanban' => 5,
  'applicationName' => 'EspoCRM',
  'version' => '9.1.6',
  'timeZone' => 'Europe/Berlin',
  'dateFormat' => 'DD.MM.YYYY',
  'timeFormat' => 'HH:mm',
  'weekStart' => 1,
  'thousandSeparator' => '.',
  'decimalMark' => ',',
  'exportDelimiter' => ';',
  'currencyList' => [
    0 => 'EUR',
    1 => 'USD'
  ],
  'defaultCurrency' => 'EUR',
  'baseCurrency' => 'EUR',
  'currencyRates' => [
    'USD' => 0.92
  ],
  'currencyNoJoinMode' => false,
  'outboundEmailIsShared' => true,
  'outboundEmailFromName' => 'EspoCRM',
  'outboundEmailFromAddress' => 'crm@example.com',
  'smtpServer' => 'smtp.example.com',
  'smtpPort' => 587,
  'smtpAuth' => true,
  'smtpSecurity' => 'TLS',
  'smtpUsername' => 'crm@example.com',
  'languageList' => [
    0 => 'en_US',
    1 => 'de_DE'
  ],
  'language' => 'de_DE',
  'logger' => [
    'path' => 'data/logs/espo.log',
    'level' => 'WARNING',
    'rotation' => true,
    'maxFileNumber' => 30,
    'printTrace' => false,
    'databaseHandler' => false,
    'sql' => false,
    'sqlFailed' => false
  ],
  'authenticationMethod' => 'Oidc',
  'tabQuickSearch' => true,
  'globalSearchEntityList' => [
    0 => 'Account',
    1 => 'Contact',
    2 => 'Lead',
    3 => 'Opportunity'
  ],
  'tabList' => [
    0 => (object) [
      'type' => 'divider',
      'text' => '$CRM',
      'id' => '342567'
    ],
    1 => 'Account',
    2 => 'Contact',
    3 => 'Lead',
    4 => 'Opportunity',
    5 => (object) [
      'type' => 'group',
      'text' => 'Activities',
      'iconClass' => 'fas fa-tasks',
      'color' => NULL,
      'id' => '219419',
      'itemList' => [
        0 => 'Email',
        1 => 'Meeting',
        2 => 'Call',
        3 => 'Task'
      ]
    ],
    6 => 'Calendar',
    7 => 'Case',
    8 => 'Document'
  ],
  'quickCreateList' => [
    0 => 'Account',
    1 => 'Contact',
    2 => 'Lead',
    3 => 'Opportunity',
    4 => 'Meeting',
    5 => 'Call',
    6 => 'Task',
    7 => 'Case',
    8 => 'Email'
  ],
  'exportDisabled' => false,
  'adminNotifications' => true,
  'adminNotificationsNewVersion' => true,
  'adminNotificationsCronIsNotConfigured' => true,
  'adminNotificationsNewExtensionVersion' => true,
  'assignmentEmailNotifications' => false,
  'assignmentEmailNotificationsEntityList' => [
    0 => 'Lead',
    1 => 'Opportunity',
    2 => 'Task',
    3 => 'Case'
  ],
  'assignmentNotificationsEntityList' => [
    0 => 'Meeting',
    1 => 'Call',
    2 => 'Email'
  ],
  'portalStreamEmailNotifications' => true,
  'streamEmailNotificationsEntityList' => [
    0 => 'Case'
  ],
  'streamEmailNotificationsTypeList' => [
    0 => 'Post',
    1 => 'Status',
    2 => 'EmailReceived'
  ],
  'emailNotificationsDelay' => 30,
  'emailMessageMaxSize' => 10,
  'emailRecipientAddressMaxCount' => 100,
  'notificationsCheckInterval' => 10,
  'popupNotificationsCheckInterval' => 15,
  'maxEmailAccountCount' => 2,
  'followCreatedEntities' => false,
  'b2cMode' => false,
  'theme' => 'Violet',
  'themeParams' => (object) [
    'navbar' => 'side'
  ],
  'massEmailMaxPerHourCount' => 100,
  'massEmailMaxPerBatchCount' => NULL,
  'massEmailVerp' => false,
  'personalEmailMaxPortionSize' => 50,
  'inboundEmailMaxPortionSize' => 50,
  'siteUrl' => 'https://crm.example.com',
  'cleanupJobPeriod' => '1 month',
  'cleanupActionHistoryPeriod' => '15 days',
  'cleanupAuthTokenPeriod' => '1 month',
  'cleanupSubscribers' => true,
  'cleanupAudit' => true,
  'cleanupAuditPeriod' => '3 months',
  'currencyFormat' => 2,
  'currencyDecimalPlaces' => 2,
  'aclAllowDeleteCreated' => false,
  'aclAllowDeleteCreatedThresholdPeriod' => '24 hours',
  'attachmentAvailableStorageList' => NULL,
  'attachmentUploadMaxSize' => 256,
  'attachmentUploadChunkSize' => 4,
  'inlineAttachmentUploadMaxSize' => 20,
  'textFilterUseContainsForVarchar' => false,
  'authTokenPreventConcurrent' => false,
  'emailAddressIsOptedOutByDefault' => false,
  'cleanupDeletedRecords' => true,
  'addressPreview' => true,
  'addressFormat' => 1,
  'userThemesDisabled' => false,
  'avatarsDisabled' => false,
  'scopeColorsDisabled' => false,
  'tabIconsDisabled' => false,
  'dashletsOptions' => (object) [],
  'integrations' => (object) [
    'GoogleMaps' => true
  ],
  'webSocketUrl' => 'wss://crm.example.com/wss',
  'useWebSocket' => true,
  'oidcClientId' => '11111111-2222-3333-4444-555555555555',
  'oidcAuthorizationEndpoint' => 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/oauth2/v2.0/authorize',
  'oidcTokenEndpoint' => 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/oauth2/v2.0/token',
  'oidcJwksEndpoint' => 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/discovery/v2.0/keys',
  'oidcJwtSignatureAlgorithmList' => [
    0 => 'RS256'
  ],
  'oidcScopes' => [
    0 => 'profile',
    1 => 'email',
    2 => 'phone'
  ],
  'oidcGroupClaim' => 'groups',
  'oidcCreateUser' => true,
  'oidcUsernameClaim' => 'preferred_username',
  'oidcSync' => true,
  'oidcSyncTeams' => true,
  'oidcFallback' => true,
  'oidcAllowRegularUserFallback' => false,
  'oidcAllowAdminUser' => true,
  'oidcLogoutUrl' => 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/oauth2/v2.0/logout',
  'oidcAuthorizationPrompt' => 'consent',
  'oidcAuthorizationPkce' => true,
  'oidcTeamsIds' => [
    0 => '6650a1b2c3d4e5f60',
    1 => '6650a1b2c3d4e5f61'
  ],
  'oidcTeamsNames' => (object) [
    '6650a1b2c3d4e5f60' => 'Sales',
    '6650a1b2c3d4e5f61' => 'Support'
  ],
  'oidcTeamsColumns' => (object) [
    '6650a1b2c3d4e5f60' => (object) [
      'group' => 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee'
    ],
    '6650a1b2c3d4e5f61' => (object) [
      'group' => 'ffffffff-bbbb-cccc-dddd-eeeeeeeeeeee'
    ]
  ],
  'ldapPortalUserLdapAuth' => false,
  'passwordRecoveryDisabled' => false,
  'passwordRecoveryForAdminDisabled' => true,
  'passwordStrengthLength' => 12,
  'passwordStrengthLetterCount' => 1,
  'passwordStrengthNumberCount' => 1,
  'passwordStrengthBothCases' => true,
  'auth2FA' => false,
  'cacheTimestamp' => 1751446931,
  'appTimestamp' => 1751446930,
  'microtime' => 1751446931.482913,
  'isInstalled' => true
];
