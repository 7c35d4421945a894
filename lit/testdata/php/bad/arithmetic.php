<?php
return ['timeout' => 60 * 60];
