package nl.sluis.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium and chromedriver (installed by .ci/run; no driver or browser downloads), Dutch first,
 * for the console's browser tests.
 */
public final class HeadlessChromium {

  public static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  public static final String CHROMIUM = "/usr/bin/chromium";
  public static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

  private HeadlessChromium() {}

  public static boolean installed() {
    return new File(CHROMEDRIVER).canExecute() && new File(CHROMIUM).canExecute();
  }

  /** A new browser that saves downloads in the given folder. */
  public static WebDriver start(Path downloads) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Files.createDirectories(downloads);
    // The driver is named explicitly, so Selenium Manager (which would download one) is never asked.
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--window-size=1280,1000", "--lang=nl-NL");
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "nl-NL,nl",
        "download.default_directory", downloads.toAbsolutePath().toString(), "download.prompt_for_download", false));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  public static void screenshot(WebDriver driver, String name) throws IOException {
    Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
  }
}
