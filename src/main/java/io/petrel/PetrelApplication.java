package io.petrel;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Runs Petrel as a standalone broker. */
@SpringBootApplication
public class PetrelApplication {

    public static void main(String[] args) {
        SpringApplication.run(PetrelApplication.class, args);
    }
}
