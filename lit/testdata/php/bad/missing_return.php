<?php
// nothing here
