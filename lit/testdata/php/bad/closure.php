<?php
return ['x' => static fn() => 1];
