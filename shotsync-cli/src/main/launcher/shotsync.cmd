@echo off
rem shotsync launcher for Windows: runs shotsync.jar (next to this file) with JVM settings per command, as the
rem shell launcher does: short commands get the client compiler, the serial collector and a capped heap; serve and
rem worker get both compilers and G1. SHOTSYNC_JAVA_OPTS adds JVM flags; JAVA_HOME picks the JVM. (No class-data
rem sharing archive: the one the build makes fits only the JVM it was made with.)
setlocal
set "java=java"
if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" set "java=%JAVA_HOME%\bin\java.exe"
set "jvm=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k -Xmx256m -XX:-UsePerfData"
if /I "%~1"=="serve" set "jvm=-XX:+UseG1GC -XX:MaxRAMPercentage=25 -Xss512k -XX:-UsePerfData"
if /I "%~1"=="worker" set "jvm=-XX:+UseG1GC -XX:MaxRAMPercentage=25 -Xss512k -XX:-UsePerfData"
"%java%" %jvm% %SHOTSYNC_JAVA_OPTS% -jar "%~dp0shotsync.jar" %*
exit /b %errorlevel%
