package nl.sluis.server;

public class SluisApplication {
  public static void main(String[] args) {}
}
