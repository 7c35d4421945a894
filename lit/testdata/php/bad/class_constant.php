<?php
return ['level' => \Monolog\Logger::WARNING];
