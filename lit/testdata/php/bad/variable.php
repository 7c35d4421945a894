<?php
$dbPass = 'secret';
return ['password' => $dbPass];
